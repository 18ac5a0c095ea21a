/// Learning: tensors over contiguous Float storage, OpenBLAS kernels, layers, models, optimizers,
/// datasets and federated partitioners. The only module that imports COpenBLAS.
///
/// Implemented so far: `BLAS` (sgemm/sgemv/saxpy/sdot/sscal, thread policy: 1 thread per process),
/// `Tensor`, `Gzip` + `IDX` + `FashionMNIST` (decoded once per process), `Dense`, `ReLU`,
/// `SoftmaxCrossEntropy`, `Model` (one flat parameter vector, named `ParameterGroup`s,
/// `trainEpoch`/`evaluate` with a `GradientHook`), `SGD`, `ModelZoo` (logistic regression, 2NN),
/// `Partition` (IID, Dirichlet(α)) with `PartitionSummary`.
///
/// Glossary: a *client's partition* is an index list into a shared `Dataset`; the *flat parameter
/// vector* is what FL exchanges and aggregates; a *parameter group* is one layer's slice of it.
import COpenBLAS
