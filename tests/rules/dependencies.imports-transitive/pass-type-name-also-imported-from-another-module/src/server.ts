import { GaxiosOptions } from "gaxios";
import { google, GaxiosOptions as DriveOptions } from "googleapis";

export const options: GaxiosOptions = { url: "https://example.com" };
export const drive = google.drive("v3");
export type Opts = DriveOptions;
