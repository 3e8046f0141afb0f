#ifndef CPOCKETSPHINX_SHIM_H
#define CPOCKETSPHINX_SHIM_H
#include <pocketsphinx/pocketsphinx.h>
/* err_set_logfp: PocketSphinx logging is process-global; the Swift decoder silences it once. */
#include <sphinxbase/err.h>
#endif
