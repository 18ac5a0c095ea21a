// zlib for Swift. Only the Learning module imports this.
#pragma once
#include <zlib.h>

// inflateInit2 is a macro (it passes the header's version and the stream's size), which Swift cannot
// call: this wrapper opens a stream that reads one gzip member (window bits 15, +16 for the gzip
// wrapper, whose CRC-32 and length zlib checks itself).
static inline int fedactors_inflate_init_gzip(z_stream *stream) {
    return inflateInit2(stream, 15 + 16);
}
