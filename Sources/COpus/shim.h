#ifndef COPUS_SHIM_H
#define COPUS_SHIM_H
#include <opus/opus.h>

/* opus_encoder_ctl is variadic and cannot be called from Swift; these fixed-signature
 * wrappers set the two encoder options the runtime's tests and simulator need.
 * Each returns OPUS_OK or a negative Opus error code. */
static inline int copus_encoder_set_bitrate(OpusEncoder *encoder, opus_int32 bitrate) {
    return opus_encoder_ctl(encoder, OPUS_SET_BITRATE(bitrate));
}

static inline int copus_encoder_set_complexity(OpusEncoder *encoder, opus_int32 complexity) {
    return opus_encoder_ctl(encoder, OPUS_SET_COMPLEXITY(complexity));
}

#endif
