services:
  app:
    environment:
      DOMAIN: ${DOMAIN}
