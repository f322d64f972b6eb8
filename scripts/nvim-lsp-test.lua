-- Headless Neovim (0.7+) as an annotator's editor: start concord's language server with the
-- built-in client (no plugins), wait for the diagnostic on the open file, apply the quick fix,
-- write the file. scripts/nvim-lsp-test.sh then checks that the file validates.
local repo = os.getenv('CONCORD_REPO')
local server = os.getenv('CONCORD_LSP')
local bufnr = vim.api.nvim_get_current_buf()
local file = vim.api.nvim_buf_get_name(bufnr)

local function say(msg) io.stdout:write(msg .. '\n') end
local function fail(msg)
  io.stderr:write('nvim-lsp-test: ' .. msg .. '\n')
  vim.cmd('cquit 1')
end

local id = vim.lsp.start_client({
  name = 'concord',
  cmd = { server },
  cmd_cwd = repo,
  root_dir = vim.fn.fnamemodify(file, ':h'),
})
if not id then fail('the server did not start') end
vim.lsp.buf_attach_client(bufnr, id)

if not vim.wait(60000, function() return #vim.diagnostic.get(bufnr) > 0 end, 20) then
  fail('no diagnostic arrived')
end
local d = vim.diagnostic.get(bufnr)[1]
local code = d.code or (d.user_data and d.user_data.lsp and d.user_data.lsp.code) or '?'
say(string.format('diagnostic %s at %d:%d: %s', code, d.lnum + 1, d.col + 1, d.message))

vim.api.nvim_win_set_cursor(0, { d.lnum + 1, d.col })
local params = vim.lsp.util.make_range_params()
params.context = { diagnostics = {} }
local results = vim.lsp.buf_request_sync(bufnr, 'textDocument/codeAction', params, 30000) or {}
local chosen
for _, result in pairs(results) do
  for _, action in ipairs(result.result or {}) do
    say('code action: ' .. action.title)
    if not chosen and action.title:match('^Choose occurrence 1') then chosen = action end
  end
end
if not chosen then fail('no "Choose occurrence 1" quick fix') end
vim.lsp.util.apply_workspace_edit(chosen.edit, 'utf-16')
vim.cmd('write')
if not vim.wait(30000, function() return #vim.diagnostic.get(bufnr) == 0 end, 20) then
  fail('the diagnostic stayed after the quick fix')
end
say('applied: ' .. chosen.title .. '; no diagnostic left')
vim.lsp.stop_client(id)
vim.cmd('qall!')
