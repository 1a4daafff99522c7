import { google } from "googleapis";
import { GaxiosError } from "gaxios"

// no semicolons: the alias ends with its line, and the next statement
// uses the class as a value
type Failure = { err: GaxiosError }
export const isFailure = (x: unknown): x is Failure => x instanceof GaxiosError

export const drive = google.drive("v3")
