// deployed with containers elsewhere in the org
