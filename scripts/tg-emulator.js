#!/usr/bin/env node
// Starts the `telegram-test-api` Bot API emulator (pinned in package.json) on 127.0.0.1 for the
// end-to-end tests, with the patches below so python-telegram-bot can talk to it like to Telegram.
//
//   node scripts/tg-emulator.js --port 9000 [--host 127.0.0.1]
//
// Prints one line `LISTENING http://127.0.0.1:<port>` when ready; stops on SIGTERM or SIGINT.
// Only for tests: it keeps every message in memory and binds to the loopback address.
//
// Each patch fixes one way the emulator (4.2.1) differs from the real Bot API that our bot meets.
// They are listed in README.md ("Telegram", "The emulator") too; keep both lists in step.
//
//  P1 getMe: the emulator's bot user lacks `is_bot` (required by the Bot API and python-telegram-bot).
//  P2 message dates: the emulator returns `date` in milliseconds; the Bot API uses Unix seconds
//     (in milliseconds python-telegram-bot reads a date tens of thousands of years away and fails).
//  P3 sent messages: the emulator answers sendMessage with the request's own fields echoed back
//     (e.g. `link_preview_options` as a JSON string, `chat_id`, `parse_mode`); the Bot API returns a
//     Message. We return a Message: message_id, date, chat (as the user's update described it), from
//     (the bot), text and reply_markup.
//  P4 edits: editMessageText and editMessageReplyMarkup answer `null`; the Bot API returns the edited
//     Message. Also, like Telegram, an editMessageText without `reply_markup` removes the keyboard
//     (the emulator kept the old one), and the edit gets an `edit_date`.
//  P5 callback queries: updates lack `chat_instance` (required by the Bot API); we add one per chat.
//  P6 webhook secret: setWebhook's `secret_token` was ignored; we send it as the
//     X-Telegram-Bot-Api-Secret-Token header with every update posted to the webhook, as Telegram does.
//     setWebhook/deleteWebhook answer `true` like the Bot API, and getWebhookInfo (missing) tells the URL set.
//  P7 long polling: getUpdates answered at once even with `timeout`; it now waits up to `timeout`
//     seconds (at most 10) for an update, so a polling bot does not spin.
//  P8 bot commands: setMyCommands, getMyCommands and deleteMyCommands are implemented (per scope type
//     and language_code), so the bot's command registration can be checked.
//  P9 answerCallbackQuery: answers `true` and keeps the answer (text, show_alert) so tests can read the
//     toast a person would see: client route POST /getCallbackAnswers {token}.
//  P10 client routes: /sendMessage, /sendCommand and /sendCallback did not wait for the webhook call
//     and an error in it crashed the process (an unhandled rejection); they now wait and answer 502
//     with the reason when the bot refused the update.

'use strict';

const TelegramServer = require('telegram-test-api');
const { routes } = require('telegram-test-api/lib/routes/index');
const axios = require('axios');

function option(name, fallback) {
  const at = process.argv.indexOf(`--${name}`);
  return at > 0 && at + 1 < process.argv.length ? process.argv[at + 1] : fallback;
}

const BOT_USER = {
  id: 666,
  is_bot: true, // P1
  first_name: 'Test Bot',
  username: 'TestNameBot',
  can_join_groups: true,
  can_read_all_group_messages: false,
  supports_inline_queries: false,
};

const chats = new Map(); // chat id -> chat object, as the client's updates described it (P3)
const chatInstances = new Map(); // chat id -> chat_instance (P5)
const callbackAnswers = []; // P9
const commands = new Map(); // `${token} ${scope type} ${language}` -> commands (P8)
const secrets = new Map(); // token -> webhook secret (P6)

function seconds(date) {
  const n = Number(date);
  return n > 1e11 ? Math.floor(n / 1000) : n; // P2: milliseconds -> seconds
}

function asObject(value) {
  return typeof value === 'string' ? JSON.parse(value) : value;
}

// P3, P4: a Bot API Message built from what the emulator stores.
function botMessage(stored) {
  const m = stored.message;
  const chatId = Number(m.chat_id);
  const result = {
    message_id: stored.messageId,
    date: seconds(stored.time),
    chat: chats.get(chatId) || { id: chatId, type: 'private', first_name: 'Test' },
    from: BOT_USER,
    text: m.text,
  };
  if (m.reply_markup && m.reply_markup.inline_keyboard) result.reply_markup = m.reply_markup;
  if (m.edit_date) result.edit_date = m.edit_date;
  return result;
}

function rememberChat(update) {
  const message = update.message || (update.callbackQuery && update.callbackQuery.message);
  if (message && message.chat && message.chat.id !== undefined) chats.set(Number(message.chat.id), message.chat);
}

function patchServer() {
  const originalAddUserUpdate = TelegramServer.prototype.addUserUpdate;
  TelegramServer.prototype.addUserUpdate = async function addUserUpdate(update) {
    rememberChat(update);
    const webhook = this.webhooks[update.botToken];
    if (!webhook) return originalAddUserUpdate.call(this, update);
    // P6: post the update like Telegram, with the secret header.
    const headers = { 'Content-Type': 'application/json' };
    const secret = secrets.get(update.botToken);
    if (secret) headers['X-Telegram-Bot-Api-Secret-Token'] = secret;
    await axios({
      url: webhook.url,
      method: 'POST',
      data: TelegramServer.formatUpdate(update),
      headers,
      timeout: 30000,
    });
    this.updateId++;
    return undefined;
  };

  const originalFormatUpdate = TelegramServer.formatUpdate;
  TelegramServer.formatUpdate = function formatUpdate(update) {
    const formatted = originalFormatUpdate.call(this, update);
    if (formatted.callback_query) {
      // P5
      const message = formatted.callback_query.message || {};
      const chatId = message.chat ? Number(message.chat.id) : 0;
      if (!chatInstances.has(chatId)) chatInstances.set(chatId, String(1000000 + chatInstances.size));
      formatted.callback_query.chat_instance = chatInstances.get(chatId);
      if (message.date) message.date = seconds(message.date);
    }
    if (formatted.message) {
      delete formatted.message.botToken; // the emulator's bookkeeping, not a Bot API field
      if (formatted.message.date) formatted.message.date = seconds(formatted.message.date);
    }
    return formatted;
  };

  // P4: apply an edit the way Telegram does and return the edited message, or null.
  TelegramServer.prototype.applyEdit = function applyEdit(raw, textEdit) {
    const body = TelegramServer.normalizeMessage({ ...raw });
    const stored = this.storage.botMessages.find(
      (u) => String(u.messageId) === String(body.message_id) && String(u.message.chat_id) === String(body.chat_id),
    );
    if (!stored) return null;
    const next = { ...stored.message, edit_date: Math.floor(Date.now() / 1000) };
    if (textEdit) {
      next.text = body.text;
      next.parse_mode = body.parse_mode;
      if (body.reply_markup) next.reply_markup = body.reply_markup;
      else delete next.reply_markup;
    } else if (body.reply_markup) {
      next.reply_markup = body.reply_markup;
    } else {
      delete next.reply_markup;
    }
    stored.message = next;
    this.emit(textEdit ? 'EditedMessageText' : 'EditedMessageReplyMarkup');
    return botMessage(stored);
  };
}

function waitForUserUpdate(server, token, timeoutSeconds) {
  // P7: resolve when an update for this bot arrives, or after the timeout.
  return new Promise((resolve) => {
    const events = ['AddedUserMessage', 'AddedUserCommand', 'AddedUserCallbackQuery'];
    let timer = null;
    const done = () => {
      clearTimeout(timer);
      events.forEach((e) => server.off(e, done));
      resolve();
    };
    events.forEach((e) => server.on(e, done));
    timer = setTimeout(done, Math.min(timeoutSeconds, 10) * 1000);
  });
}

function ok(res, result) {
  res.json({ ok: true, result });
}

function botRoute(app, method, handler) {
  app.all(`/bot:token/${method}`, (req, res, next) => {
    Promise.resolve(handler(req, res)).catch(next);
  });
}

function patchedRoutes(app, server) {
  const params = (req) => ({ ...req.query, ...req.body });

  botRoute(app, 'getMe', (req, res) => ok(res, BOT_USER)); // P1

  botRoute(app, 'sendMessage', (req, res) => {
    // P3
    server.addBotMessage(params(req), req.params.token);
    const stored = server.storage.botMessages[server.storage.botMessages.length - 1];
    ok(res, botMessage(stored));
  });

  botRoute(app, 'editMessageText', (req, res) => {
    // P4
    const edited = server.applyEdit(params(req), true);
    if (!edited) {
      res.status(400).json({ ok: false, error_code: 400, description: 'Bad Request: message to edit not found' });
      return;
    }
    ok(res, edited);
  });

  botRoute(app, 'editMessageReplyMarkup', (req, res) => {
    // P4
    const edited = server.applyEdit(params(req), false);
    if (!edited) {
      res.status(400).json({ ok: false, error_code: 400, description: 'Bad Request: message to edit not found' });
      return;
    }
    ok(res, edited);
  });

  botRoute(app, 'answerCallbackQuery', (req, res) => {
    // P9
    const p = params(req);
    callbackAnswers.push({
      token: req.params.token,
      callback_query_id: String(p.callback_query_id),
      text: p.text || null,
      show_alert: p.show_alert === true || p.show_alert === 'true',
    });
    ok(res, true);
  });

  botRoute(app, 'setWebhook', (req, res) => {
    // P6
    const p = params(req);
    if (!p.url) {
      res.status(400).json({ ok: false, error_code: 400, description: 'Bad Request: bad webhook: URL is empty' });
      return;
    }
    server.setWebhook({ url: p.url }, req.params.token);
    if (p.secret_token) secrets.set(req.params.token, String(p.secret_token));
    else secrets.delete(req.params.token);
    ok(res, true);
  });

  botRoute(app, 'getWebhookInfo', (req, res) => {
    // P6: the Bot API's answer, so a test can tell when the bot's webhook is set
    const webhook = server.webhooks[req.params.token];
    ok(res, { url: webhook ? webhook.url : '', has_custom_certificate: false, pending_update_count: 0 });
  });

  botRoute(app, 'deleteWebhook', (req, res) => {
    server.deleteWebhook(req.params.token);
    secrets.delete(req.params.token);
    ok(res, true);
  });

  botRoute(app, 'getUpdates', async (req, res) => {
    // P7
    const token = req.params.token;
    const timeout = Number(params(req).timeout || 0);
    let updates = server.getUpdates(token);
    if (updates.length === 0 && timeout > 0) {
      await waitForUserUpdate(server, token, timeout);
      updates = server.getUpdates(token);
    }
    ok(res, updates);
  });

  // P8
  const commandKey = (token, p) => {
    const scope = p.scope ? asObject(p.scope) : { type: 'default' };
    return `${token} ${scope.type || 'default'} ${p.language_code || ''}`;
  };
  botRoute(app, 'setMyCommands', (req, res) => {
    const p = params(req);
    commands.set(commandKey(req.params.token, p), asObject(p.commands) || []);
    ok(res, true);
  });
  botRoute(app, 'getMyCommands', (req, res) => {
    ok(res, commands.get(commandKey(req.params.token, params(req))) || []);
  });
  botRoute(app, 'deleteMyCommands', (req, res) => {
    commands.delete(commandKey(req.params.token, params(req)));
    ok(res, true);
  });

  // P9
  app.post('/getCallbackAnswers', (req, res) => {
    ok(res, callbackAnswers.filter((a) => a.token === req.body.token));
  });

  // P10
  const clientRoute = (path, add) => {
    app.post(path, (req, res) => {
      add(req.body)
        .then(() => ok(res, null))
        .catch((error) => {
          const status = error.response ? error.response.status : 'no response';
          res.status(502).json({ ok: false, description: `the bot refused the update (${status})` });
        });
    });
  };
  clientRoute('/sendMessage', (body) => server.addUserMessage(body));
  clientRoute('/sendCommand', (body) => server.addUserCommand(body));
  clientRoute('/sendCallback', (body) => server.addUserCallback(body));
}

async function main() {
  const port = Number(option('port', '9000'));
  const host = option('host', '127.0.0.1');
  patchServer();
  routes.unshift(patchedRoutes); // registered before the emulator's own routes, so ours answer first
  const server = new TelegramServer({ port, host, storeTimeout: 3600 });
  await server.start();
  process.stdout.write(`LISTENING ${server.config.apiURL}\n`);
  const stop = () => {
    server.stop().then(() => process.exit(0));
  };
  process.on('SIGTERM', stop);
  process.on('SIGINT', stop);
}

main().catch((error) => {
  process.stderr.write(`tg-emulator: could not start: ${error}\n`);
  process.exit(1);
});
