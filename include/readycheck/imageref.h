/*
 * imageref.h - reading a container image reference
 * (`[registry[:port]/]path[:tag][@digest]`) the same way wherever the
 * model compares images: compose files, README snippets, CI build tags.
 */
#ifndef READYCHECK_IMAGEREF_H
#define READYCHECK_IMAGEREF_H

#include <stddef.h>

/* The length of the repository part of the first n bytes of ref: without
 * its digest (`@sha256:...`) and its tag (the first colon after the last
 * slash; a colon before a slash is a registry's port and stays), so
 * `localhost:5000/app:1.2@sha256:ab` reads `localhost:5000/app`. */
size_t rc_image_repo_len(const char *ref, size_t n);

#endif
