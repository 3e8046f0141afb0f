#ifndef CJEMALLOC_SHIM_H
#define CJEMALLOC_SHIM_H
#include <stddef.h>
/* jemalloc replaces the C library's malloc for the whole process (linked, not preloaded; see
   ProcessMemory.swift for why). Only its control interface is declared here: jemalloc.h would
   redeclare malloc and free, which Swift would then see twice. Debian's build is unprefixed. */
int mallctl(const char *name, void *oldp, size_t *oldlenp, void *newp, size_t newlen);
#endif
