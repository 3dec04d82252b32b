/** The REST reads GraphQL does not offer: weft explain of a VPC. */
import { useEffect, useState } from 'react';
import { useSession } from '../session/context';

export interface VpcExplanation {
  readonly vpc: string;
  readonly tenant: string;
  readonly policy: string;
  readonly isolation?: string;
  readonly rule?: string;
  readonly trace: readonly string[];
  readonly vrf?: { readonly name: string; readonly id: number; readonly table: number; readonly l3vni?: number; readonly routeTarget?: string };
  readonly subnets: readonly { readonly name: string; readonly cidr: string; readonly gateway: string; readonly vni?: number; readonly routeTarget?: string; readonly vlans: Readonly<Record<string, number>> }[];
  readonly transitVlans: Readonly<Record<string, number>>;
  readonly attachments: readonly { readonly key: string; readonly subnet: string; readonly connection: string; readonly switch: string; readonly ports: readonly string[]; readonly tagging: string }[];
  readonly peerings: readonly string[];
  readonly externalPeerings: readonly string[];
  readonly switches: readonly string[];
  readonly gatewaySwitch?: string;
  readonly diagnostics: readonly { readonly code: string; readonly path: string; readonly message: string }[];
}

/** The explanation of a VPC, fetched again whenever `version` changes (the VPC changed). */
export function useExplanation(namespace: string, name: string, version: string): { readonly explanation?: VpcExplanation; readonly error?: string } {
  const { token } = useSession();
  const [state, setState] = useState<{ explanation?: VpcExplanation; error?: string }>({});
  useEffect(() => {
    const controller = new AbortController();
    fetch(`/api/v1/vpcs/${encodeURIComponent(name)}/explain?namespace=${encodeURIComponent(namespace)}`, { headers: { authorization: `Bearer ${token}` }, signal: controller.signal })
      .then(async (response) => {
        const body = (await response.json()) as VpcExplanation & { message?: string };
        setState(response.ok ? { explanation: body } : { error: body.message ?? `the service answered ${response.status}` });
      })
      .catch((e: unknown) => {
        if (!controller.signal.aborted) setState({ error: e instanceof Error ? e.message : String(e) });
      });
    return () => {
      controller.abort();
    };
  }, [token, namespace, name, version]);
  return state;
}
