import { motion } from "framer-motion";
import { ArrowRight } from "lucide-react";
import Link from "next/link";
