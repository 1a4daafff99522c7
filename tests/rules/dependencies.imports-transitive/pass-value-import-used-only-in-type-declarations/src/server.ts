import { google } from "googleapis";
import { GaxiosError, GaxiosOptions, GaxiosResponse } from "gaxios";

// every use of the gaxios names is a type: an interface body, a type
// alias, a destructured parameter's type, a call's type arguments and
// the arguments of a type after `as`
interface Upload {
  options: GaxiosOptions;
  onError?: (err: GaxiosError) => void;
}

export type Result =
  | { ok: true; res: GaxiosResponse<string> }
  | { ok: false; err: GaxiosError };

export function describe({
  upload,
  name,
}: {
  upload: Upload;
  name: string;
}): string {
  const seen = new Map<string, GaxiosError | null>();
  seen.set(name, null);
  return name + String(upload.options.url) + seen.size;
}

type Box<T> = { value: T };
export const empty = {} as Box<GaxiosResponse<string> | null>;

export const drive = google.drive("v3");
