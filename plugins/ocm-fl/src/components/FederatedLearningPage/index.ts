export { FederatedLearningPage } from './FederatedLearningPage';
