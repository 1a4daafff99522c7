export default function Header(x) { return x; }
