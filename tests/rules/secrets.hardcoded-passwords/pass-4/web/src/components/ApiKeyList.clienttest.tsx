it("masks", () => render({ displaySecretKey: "sk-lf-abc123def456" }));
