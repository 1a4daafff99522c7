/*
 * services.h - internal to src/model: the service passes rc_model_new() runs in
 * order.
 */
#ifndef READYCHECK_MODEL_SERVICES_H
#define READYCHECK_MODEL_SERVICES_H

#include "build.h"

void services_from_views(struct build *b);

void services_from_images(struct build *b);

void services_from_folders(struct build *b);

#endif
