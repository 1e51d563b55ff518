use nhiemvu_core::model::{Document, Id, Task};
use nhiemvu_core::store::query::{DocumentPage, DocumentQuery};
use nhiemvu_core::store::{NewDocument, NewTask};
use tauri::{AppHandle, State};

use super::{blocking, changed, Change};
use crate::error::ErrorPayload;
use crate::AppState;

/// One page of the document register.
#[tauri::command]
pub async fn list_documents(
    state: State<'_, AppState>,
    query: DocumentQuery,
) -> Result<DocumentPage, ErrorPayload> {
    let state = state.inner().clone();
    blocking(move || state.document_page(&query)).await
}

#[tauri::command]
pub async fn get_document(state: State<'_, AppState>, id: Id) -> Result<Document, ErrorPayload> {
    let state = state.inner().clone();
    blocking(move || state.document(id)).await
}

/// Registers a document and its tasks in one transaction.
#[tauri::command]
pub async fn register_document(
    app: AppHandle,
    state: State<'_, AppState>,
    document: NewDocument,
    tasks: Vec<NewTask>,
) -> Result<(Document, Vec<Task>), ErrorPayload> {
    let state = state.inner().clone();
    let out = blocking(move || state.register_document(document, tasks)).await?;
    changed(&app, Change::Documents);
    Ok(out)
}

/// Assigns more tasks from a registered document.
#[tauri::command]
pub async fn add_tasks(
    app: AppHandle,
    state: State<'_, AppState>,
    document_id: Id,
    tasks: Vec<NewTask>,
) -> Result<Vec<Task>, ErrorPayload> {
    let state = state.inner().clone();
    let out = blocking(move || state.add_tasks(document_id, tasks)).await?;
    changed(&app, Change::Tasks);
    Ok(out)
}
