const token = process.env.GITHUB_TOKEN; // ghp_... from the environment
const stripe = 'sk_test_' + 'x';
