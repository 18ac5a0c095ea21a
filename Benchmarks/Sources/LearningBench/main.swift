print("LearningBench: not written yet")
