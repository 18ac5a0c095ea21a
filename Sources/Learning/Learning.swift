/// Learning: tensors over contiguous Float storage, OpenBLAS kernels, layers, models, optimizers,
/// datasets and federated partitioners. The only module that imports COpenBLAS.
import COpenBLAS
