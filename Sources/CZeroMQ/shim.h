// libzmq for Swift. Only the ZeroMQ module imports this.
#pragma once
#include <zmq.h>
