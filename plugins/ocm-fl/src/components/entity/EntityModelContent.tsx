import { useEntity } from '@backstage/plugin-catalog-react';
import { ModelDetailContent } from '../models/ModelDetailContent';

/** The annotation the model entity provider puts on each model entity. */
export const MODEL_ANNOTATION = 'ocm-fl.io/model';

/** A model entity's "Versions & lineage" tab. */
export function EntityModelContent() {
  const { entity } = useEntity();
  const name =
    entity.metadata.annotations?.[MODEL_ANNOTATION] ?? entity.metadata.name;
  return <ModelDetailContent name={name} />;
}
