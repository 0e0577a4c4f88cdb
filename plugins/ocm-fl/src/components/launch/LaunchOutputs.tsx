import { ComponentProps, useMemo } from 'react';
import { InfoCard } from '@backstage/core-components';
import {
  DefaultTemplateOutputs,
  ScaffolderTemplateOutputsComponent,
} from '@backstage/plugin-scaffolder-react/alpha';
import Box from '@material-ui/core/Box';
import { parseAllDocuments } from 'yaml';
import { HubObjects } from '../common/HubObjects';

type TaskOutput = ComponentProps<ScaffolderTemplateOutputsComponent>['output'];

/**
 * The outputs of a finished launch task: the template's links and texts as the scaffolder
 * shows them, then the hub objects (the template's `hubObjects` output, YAML) collapsed,
 * which would otherwise make the task page many screens long.
 */
export function LaunchOutputs(props: { output?: TaskOutput }) {
  const { output } = props;
  const yaml = output?.hubObjects;
  const objects = useMemo(
    () =>
      typeof yaml === 'string'
        ? parseAllDocuments(yaml)
            .map(document => document.toJS())
            .filter(Boolean)
        : [],
    [yaml],
  );
  return (
    <>
      <DefaultTemplateOutputs output={output} />
      {objects.length > 0 && (
        <Box pb={2}>
          <InfoCard title="Hub objects">
            <HubObjects objects={objects} />
          </InfoCard>
        </Box>
      )}
    </>
  );
}
