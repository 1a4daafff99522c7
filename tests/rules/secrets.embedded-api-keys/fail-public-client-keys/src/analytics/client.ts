// A server key is not public, whatever file it sits in.
export const analytics = {
  posthog_api_key: 'phc_Qw3rTy7UiOp2AsDfGh5JkLzX9cVbNm1QwErTyUiOp4',
  stripe_api_key: 'rk9_51Hx7aQ2eZvKYlo2C0aBcDeFgH1jK',
};
