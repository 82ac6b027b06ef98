// Editing an image with a prompt: the version naming rule, the agent's words, the flow (check, upload, turn, save),
// the edit job, and Keep / Undo on disk.
export { editVersionName, nextEditVersionName, versionBase, versionNumber } from "./version-name";
export { cleanInstruction, editedPrompt, editMessage, MAX_INSTRUCTION_CHARS } from "./framing";
export { checkEditableImage, editFilterExtensions, EDITABLE_EXTENSIONS, EDITABLE_MIME_TYPES, editImage, prepareEdit, saveEditVersion, type EditableImage, type PreparedEdit, type EditOptions, type EditResult, type EditStage } from "./flow";
export { keepVersion, keptPath, undoKeep, type KeepRecord } from "./keep";
export { EDIT_UPLOAD_STAGE, editJobSpec, type TrackUpload } from "./job";
