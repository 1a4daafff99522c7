export default function Hero() {
  return null;
}
