/*
 * images.h - internal to src/model: the image pass, and two image tests the
 * service pass shares.
 */
#ifndef READYCHECK_MODEL_IMAGES_H
#define READYCHECK_MODEL_IMAGES_H

#include "build.h"

/* The image built from dockerfile at target (NULL: the last stage), or
 * NULL. */
struct rc_image *mb_find_image(struct rc_model *m, const char *dockerfile,
                               const char *target);

/* One of refs (space-separated) names the image ref names: the same
 * repository and tag (`latest` when none is written). */
bool mb_any_ref(struct rc_arena *a, const char *refs, const char *ref);

/* data names word whole: no letter, digit, `_`, `-` or `.` on either side
 * (a sentence's dot after it aside), nor after it one of the characters
 * in more (an image's "/": `acme/builder` is not `acme/builder/x`)
 * (script_callers.c). */
bool mb_names_whole(const char *data, size_t len, const char *word,
                    const char *more);

/* path is a shell script that no other file of the repository names by
 * its file name: nothing here runs it (script_callers.c). */
bool mb_script_unrun(struct build *b, const char *path);

/* The first GitHub workflow whose job runs in image repo (`container:`,
 * `container.image`, `services.*.image`), or NULL (ci_environments.c). */
const char *mb_ci_job_image(struct build *b, const char *repo);

/* The first file other than CI's and those beside dockerfile that names
 * image repo, or NULL (ci_environments.c). */
const char *mb_image_named_outside_ci(struct build *b, const char *repo,
                                      const char *dockerfile);

/* Every image the project builds, with its role and the reason. */
void mb_build_images(struct build *b);

#endif
