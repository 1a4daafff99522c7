export const Default = { args: { secretKey: "sk-lf-9a8b7c6d5e4f3a2b" } };
