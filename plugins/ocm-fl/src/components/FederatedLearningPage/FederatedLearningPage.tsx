import { Content, Header, Page } from '@backstage/core-components';
import Grid from '@material-ui/core/Grid';
import { HubHealthCard } from './HubHealthCard';

/** The Federated Learning page: the entry point to clusters, jobs and models. */
export function FederatedLearningPage() {
  return (
    <Page themeId="tool">
      <Header
        title="Federated Learning"
        subtitle="Train models across Open Cluster Management clusters; raw data stays where it is"
      />
      <Content>
        <Grid container spacing={3}>
          <Grid item xs={12}>
            <HubHealthCard />
          </Grid>
        </Grid>
      </Content>
    </Page>
  );
}
