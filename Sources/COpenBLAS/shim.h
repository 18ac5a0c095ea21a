// OpenBLAS (CBLAS interface plus thread control) for Swift. Only the Learning module imports this.
#pragma once
#include <cblas.h>
