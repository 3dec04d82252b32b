/** Delete with a look first: the dialog shows what the delete would change, then deletes. */
import type { ReactNode } from 'react';
import { Button, Dialog, DialogTrigger, Heading, Modal, ModalOverlay } from 'react-aria-components';
import { useDeleteFlow, type WritableKind } from '../api/write';
import { ErrorNote } from './page';
import { PlanView } from './plan';

export function DeleteButton({ kind, namespace, name, label, onDeleted }: { readonly kind: WritableKind; readonly namespace: string; readonly name: string; readonly label: string; readonly onDeleted: () => void }): ReactNode {
  const flow = useDeleteFlow(kind, namespace, name);
  return (
    <DialogTrigger
      onOpenChange={(open) => {
        if (open) void flow.review();
      }}
    >
      <Button className="button danger">{label}</Button>
      <ModalOverlay className="modal-overlay" isDismissable>
        <Modal className="modal">
          <Dialog className="dialog">
            {({ close }) => (
              <>
                <Heading slot="title">
                  {label} {name}?
                </Heading>
                {flow.problem === undefined ? null : <ErrorNote title="The service refuses this delete">{flow.problem.message}</ErrorNote>}
                {flow.preview === undefined ? (flow.problem === undefined ? <p role="status">Asking what would change…</p> : null) : <PlanView plan={flow.preview.plan} title="What deleting will change" />}
                <div className="form-actions">
                  <Button className="button" onPress={close}>
                    Keep it
                  </Button>
                  <Button
                    className="button danger"
                    isDisabled={flow.busy || flow.preview === undefined}
                    onPress={() => {
                      void flow.remove().then((removed) => {
                        if (removed) {
                          close();
                          onDeleted();
                        }
                      });
                    }}
                  >
                    {label}
                  </Button>
                </div>
              </>
            )}
          </Dialog>
        </Modal>
      </ModalOverlay>
    </DialogTrigger>
  );
}
