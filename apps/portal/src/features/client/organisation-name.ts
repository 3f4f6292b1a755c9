import { useDirectoryOrganisations } from '../../api/queries';
import { useFormat } from '../../i18n/format';

/** An organisation's name from the directory, in the interface language (its id if unknown). */
export function useOrganisationName(): (id: string) => string {
  const format = useFormat();
  const { organisations } = useDirectoryOrganisations();
  return (id: string) => {
    const organisation = organisations.find((entry) => entry.id === id);
    return organisation ? format.localised(organisation.name) : id;
  };
}
