import { ApiKeySummary } from './ApiKeySummary';

export default { title: 'Onboarding/ApiKeySummary', component: ApiKeySummary };

export const Default = () => <ApiKeySummary apiKey='default:development.b7a3c9e1f2d4' />;
