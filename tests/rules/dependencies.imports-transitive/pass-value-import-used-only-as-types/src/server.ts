import { google } from "googleapis";
import { GaxiosError, GaxiosPromise } from "gaxios";
import * as gx from "gaxios";

// GaxiosError is a class, but here only annotations name it
export async function fetchFile(req: GaxiosPromise<string>, id?: string): Promise<string | GaxiosError> {
  try {
    const res = await req;
    return res.data + (id ?? "");
  } catch (err) {
    const error: GaxiosError<string> = err as GaxiosError;
    return error;
  }
}

export const options: gx.GaxiosOptions = { url: "https://example.com" };
export const drive = google.drive("v3");
