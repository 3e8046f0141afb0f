#ifndef CPOCKETSPHINX_SHIM_H
#define CPOCKETSPHINX_SHIM_H
#include <pocketsphinx/pocketsphinx.h>
/* err_set_logfp: PocketSphinx logging is process-global; the Swift decoder silences it once. */
#include <sphinxbase/err.h>
/* ngram_model_read / _set_add / _set_select: one language model shared by the decoders (see PocketSphinxDecoder.swift). */
#include <sphinxbase/ngram_model.h>
#endif
