import { google } from "googleapis";
import { GaxiosError, GaxiosPromise } from "gaxios";

export async function fetchFile(req: GaxiosPromise<string>): Promise<string> {
  try {
    return (await req).data;
  } catch (err) {
    // a value use: instanceof needs the class at run time
    if (err instanceof GaxiosError) return "";
    throw err;
  }
}

export const drive = google.drive("v3");
