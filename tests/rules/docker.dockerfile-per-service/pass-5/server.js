// the repository root is the one service
