//! Requests: each is parsed, answered from the current buffers, and never fails the server:
//! malformed parameters get an `InvalidParams` error response, an unknown method
//! `MethodNotFound`, and a request about a file that is not open or not in a project an empty
//! answer.

use lsp_server::{ErrorCode, Request, Response};
use lsp_types::request::{CodeActionRequest, Completion, GotoDefinition, HoverRequest, InlayHintRequest, Request as _};
use lsp_types::{
    CodeActionParams, CompletionParams, GotoDefinitionParams, GotoDefinitionResponse, Hover, HoverContents,
    HoverParams, InlayHintParams, MarkupContent, MarkupKind, Position, Uri,
};
use serde::de::DeserializeOwned;

use super::Server;
use crate::features::{actions, completion, hover, navigate};
use crate::position::LineIndex;
use crate::workspace::FileKind;

pub(super) fn dispatch(server: &mut Server, request: Request) -> Response {
    let id = request.id.clone();
    let result = match request.method.as_str() {
        HoverRequest::METHOD => with(request, |p: HoverParams| {
            let at = p.text_document_position_params;
            to_value(server.hover(&at.text_document.uri, at.position))
        }),
        CodeActionRequest::METHOD => with(request, |p: CodeActionParams| to_value(server.code_actions(&p))),
        Completion::METHOD => with(request, |p: CompletionParams| {
            let at = p.text_document_position;
            to_value(server.completion(&at.text_document.uri, at.position))
        }),
        GotoDefinition::METHOD => with(request, |p: GotoDefinitionParams| {
            let at = p.text_document_position_params;
            to_value(server.definition(&at.text_document.uri, at.position).map(GotoDefinitionResponse::Scalar))
        }),
        InlayHintRequest::METHOD => with(request, |p: InlayHintParams| to_value(server.inlay_hints(&p))),
        _ => Err((ErrorCode::MethodNotFound, format!("unknown method {}", request.method))),
    };
    match result {
        Ok(value) => Response::new_ok(id, value),
        Err((code, message)) => Response::new_err(id, code as i32, message),
    }
}

type Answer = Result<serde_json::Value, (ErrorCode, String)>;

fn with<P: DeserializeOwned>(request: Request, answer: impl FnOnce(P) -> Answer) -> Answer {
    match serde_json::from_value::<P>(request.params) {
        Ok(params) => answer(params),
        Err(e) => Err((ErrorCode::InvalidParams, e.to_string())),
    }
}

fn to_value(value: impl serde::Serialize) -> Answer {
    serde_json::to_value(value).map_err(|e| (ErrorCode::InternalError, e.to_string()))
}

impl Server {
    fn hover(&mut self, uri: &Uri, position: Position) -> Option<Hover> {
        let file = self.open.0.get(uri)?;
        let root = file.root.clone()?;
        let index = LineIndex::new(&file.text, self.encoding);
        let loaded = self.workspace.project(&root, &self.open);
        let markdown = match &file.kind {
            FileKind::Annotation { document, .. } => {
                let doc = loaded.document(document, &self.open);
                let labels = loaded.project.as_ref().ok().and_then(|p| p.labels.as_ref());
                let (line, column) = index.line_column(position);
                hover::annotation(&file.text, line, column, doc.as_ref(), labels)?
            }
            FileKind::Corpus { id } => hover::corpus(loaded, id, index.char_offset(position), &self.open)?,
            _ => return None,
        };
        Some(Hover {
            contents: HoverContents::Markup(MarkupContent { kind: MarkupKind::Markdown, value: markdown }),
            range: None,
        })
    }

    fn code_actions(&mut self, p: &CodeActionParams) -> Vec<lsp_types::CodeActionOrCommand> {
        let uri = &p.text_document.uri;
        let Some(file) = self.open.0.get(uri) else { return Vec::new() };
        let (Some(root), FileKind::Annotation { document, .. }) = (file.root.clone(), &file.kind) else {
            return Vec::new();
        };
        let Some(doc) = self.workspace.project(&root, &self.open).document(document, &self.open) else {
            return Vec::new();
        };
        let index = LineIndex::new(&file.text, self.encoding);
        actions::actions(uri, &file.path, &file.text, &index, p.range, &doc, &p.context.diagnostics)
    }

    fn completion(&mut self, uri: &Uri, position: Position) -> Vec<lsp_types::CompletionItem> {
        let Some(file) = self.open.0.get(uri) else { return Vec::new() };
        let Some(root) = file.root.clone() else { return Vec::new() };
        let index = LineIndex::new(&file.text, self.encoding);
        let line_start = index.byte_of(Position { line: position.line, character: 0 });
        let before = file.text.get(line_start..index.byte_of(position)).unwrap_or("");
        let loaded = self.workspace.project(&root, &self.open);
        let doc = match &file.kind {
            FileKind::Annotation { document, .. } => loaded.document(document, &self.open),
            _ => None,
        };
        let Ok(project) = &loaded.project else { return Vec::new() };
        let ids: Vec<String> = project.corpus.paths.keys().cloned().collect();
        completion::complete(before, project.labels.as_ref(), doc.as_ref(), &ids)
    }

    fn definition(&mut self, uri: &Uri, position: Position) -> Option<lsp_types::Location> {
        let file = self.open.0.get(uri)?;
        let (Some(root), FileKind::Annotation { document, .. }) = (file.root.clone(), &file.kind) else {
            return None;
        };
        let doc = self.workspace.project(&root, &self.open).document(document, &self.open)?;
        navigate::definition(&file.text, position.line + 1, &doc, self.encoding)
    }

    fn inlay_hints(&mut self, p: &InlayHintParams) -> Vec<lsp_types::InlayHint> {
        let Some(file) = self.open.0.get(&p.text_document.uri) else { return Vec::new() };
        let (Some(root), FileKind::Annotation { document, .. }) = (file.root.clone(), &file.kind) else {
            return Vec::new();
        };
        let Some(doc) = self.workspace.project(&root, &self.open).document(document, &self.open) else {
            return Vec::new();
        };
        let index = LineIndex::new(&file.text, self.encoding);
        navigate::inlay_hints(&file.text, &index, p.range, &doc)
    }
}
