import { Content, Header, Page } from '@backstage/core-components';
import { EntityRefLink } from '@backstage/plugin-catalog-react';
import { ocmFlEntityRefs } from '@ocm-fl/backstage-plugin-ocm-fl-common';
import Box from '@material-ui/core/Box';
import Typography from '@material-ui/core/Typography';
import { useParams } from 'react-router-dom';
import { useOcmFlLinks } from '../../routes';
import { ModelDetailContent } from './ModelDetailContent';

/** One trained model: its versions, metrics, downloads and lineage. */
export function ModelPage() {
  const { name = '' } = useParams();
  const links = useOcmFlLinks();
  return (
    <Page themeId="tool">
      <Header title={name} type="Model" typeLink={`${links.root()}/models`} />
      <Content>
        <Box mb={2}>
          <Typography variant="body2">
            In the catalog:{' '}
            <EntityRefLink
              entityRef={ocmFlEntityRefs.model(name)}
              defaultKind="resource"
            />
          </Typography>
        </Box>
        <ModelDetailContent name={name} />
      </Content>
    </Page>
  );
}
