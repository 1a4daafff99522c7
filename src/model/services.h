/*
 * services.h - internal to src/model: the service passes rc_model_new() runs in
 * order.
 */
#ifndef READYCHECK_MODEL_SERVICES_H
#define READYCHECK_MODEL_SERVICES_H

#include "build.h"

/* The services of the production views. */
void mb_services_from_views(struct build *b);

/* Production images no view runs, as services of their folders. */
void mb_services_from_images(struct build *b);

/* App folders that a start script or platform file makes a service. */
void mb_services_from_folders(struct build *b);

#endif
