/*
 * imageref.c - the repository part of an image reference. One reading for
 * every caller: a README snippet pinned by digest must match the compose
 * file that names the same image by tag.
 */
#include "readycheck/imageref.h"

size_t rc_image_repo_len(const char *ref, size_t n)
{
  size_t end = 0;
  while (end < n && ref[end] != '@')
    end++;
  size_t after_slash = 0;
  for (size_t i = 0; i < end; i++)
    if (ref[i] == '/')
      after_slash = i + 1;
  for (size_t i = after_slash; i < end; i++)
    if (ref[i] == ':')
      return i;
  return end;
}
