const t={password_hint:"Passw0rdHint2024"};export{t as default};
