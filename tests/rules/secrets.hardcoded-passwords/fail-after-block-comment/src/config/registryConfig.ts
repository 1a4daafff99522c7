/* the registry the release job pushes to */
export const registry = {
    username: "deploy",
    "password": "Qm8t2vLx9pRw4z",
}

/*
 * a glob in a string does not open a comment
 */
const files = ["src/**/*.ts"]
export const mirror = {
    "password": "Zr5nK2wQ8vTy3u",
}
