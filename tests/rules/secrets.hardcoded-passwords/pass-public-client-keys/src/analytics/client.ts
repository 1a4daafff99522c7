// Browser-side keys: shipped to every visitor by design.
export const analytics = {
  posthog_api_key: 'phc_Qw3rTy7UiOp2AsDfGh5JkLzX9cVbNm1QwErTyUiOp4',
  stripe_api_key: 'pk_live_51Hx7aQ2eZvKYlo2C0aBcDeFgH1jK',
};
