/*
 * spring.h - where a Spring Boot application serves its actuator
 * endpoints (docs/model.md "Spring Boot actuator").
 *
 * The actuator answers under `server.servlet.context-path` (or
 * `spring.webflux.base-path`, Boot 1's `server.context-path`) followed by
 * `management.endpoints.web.base-path` (`/actuator` unless set), as the
 * application's application.properties / application.yml say, a
 * production profile's file (application-prod.yml,
 * application-production.properties) over the default one.
 */
#ifndef READYCHECK_SPRING_H
#define READYCHECK_SPRING_H

#include "readycheck/index.h"
#include "readycheck/mem.h"

/* The actuator's base path for the application in folder dir ("" for the
 * root): "/actuator", "/api/actuator", "/manage"; an arena string, never
 * NULL. A value written with a placeholder (`${BASE_PATH}`) is not read. */
const char *rc_spring_actuator_base(struct rc_index *idx, struct rc_arena *a,
                                    const char *dir);

#endif
