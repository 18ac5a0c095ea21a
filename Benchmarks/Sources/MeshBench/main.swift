print("MeshBench: not written yet")
