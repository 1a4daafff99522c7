import { motion } from "framer-motion";

export default function Home() {
  return <motion.h1 animate={{ opacity: 1 }}>Coach better.</motion.h1>;
}
