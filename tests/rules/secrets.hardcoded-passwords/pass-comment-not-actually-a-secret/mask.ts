// This is not actually a secret key, only a mask for short codes
const XOR = { secret_key: "x9f3kq72mz" };
export default XOR;
