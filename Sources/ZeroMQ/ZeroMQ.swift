/// Swift wrapper of libzmq: context, sockets, poller, messages, CURVE keys and typed errors.
/// The only module that imports CZeroMQ.
internal import CZeroMQ
