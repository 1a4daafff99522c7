/*
 * installer.h - install scripts that fetch a compose file's companions.
 * A self-hosting bundle's installer (install.sh, nm-quick.sh) often
 * downloads the compose file from the repository's raw URL into an
 * install folder, together with the configuration files it bind-mounts
 * (`wget -O "$DIR"/mosquitto.conf "$BASE_URL/docker/mosquitto.conf"`):
 * in the repository those files live elsewhere, and the compose file's
 * relative mounts only resolve in the folder the script fills.
 */
#ifndef READYCHECK_INSTALLER_H
#define READYCHECK_INSTALLER_H

struct rc_arena;
struct rc_index;

/* "script.sh:LINE" of a shell script of the repository that names the
 * compose file `compose_path` as a path of a URL or folder ("/" then the
 * repository path: `$BASE_URL/compose/docker-compose.yml`) and downloads
 * (wget -O, curl -o, --output, --output-document) a file to a path ending
 * in "/" `rel` (the mount source as written, without "./"); NULL when no
 * script does. Arena string. */
const char *rc_installer_fetches(struct rc_index *idx, struct rc_arena *a,
                                 const char *compose_path, const char *rel);

#endif
