print("fedactors")
