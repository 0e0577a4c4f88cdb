import { Header, Page, TabbedLayout } from '@backstage/core-components';
import { Route, Routes } from 'react-router-dom';
import { ClustersTable } from '../clusters/ClustersTable';
import { JobPage } from '../jobs/JobPage';
import { JobsTable } from '../jobs/JobsTable';
import { ModelPage } from '../models/ModelPage';
import { ModelsTable } from '../models/ModelsTable';
import { OverviewContent } from '../overview/OverviewContent';

function FederatedLearningTabs() {
  return (
    <Page themeId="tool">
      <Header
        title="Federated Learning"
        subtitle="Train models across Open Cluster Management clusters; raw data stays where it is"
      />
      <TabbedLayout>
        <TabbedLayout.Route path="/" title="Overview">
          <OverviewContent />
        </TabbedLayout.Route>
        <TabbedLayout.Route path="/clusters" title="Clusters">
          <ClustersTable />
        </TabbedLayout.Route>
        <TabbedLayout.Route path="/jobs" title="Jobs">
          <JobsTable />
        </TabbedLayout.Route>
        <TabbedLayout.Route path="/models" title="Models">
          <ModelsTable />
        </TabbedLayout.Route>
      </TabbedLayout>
    </Page>
  );
}

/**
 * The Federated Learning page: tabs for the overview, clusters, jobs and models, and the
 * pages of one job and one model below it.
 */
export function FederatedLearningPage() {
  return (
    <Routes>
      <Route path="/jobs/:name" element={<JobPage />} />
      <Route path="/models/:name" element={<ModelPage />} />
      <Route path="/*" element={<FederatedLearningTabs />} />
    </Routes>
  );
}
