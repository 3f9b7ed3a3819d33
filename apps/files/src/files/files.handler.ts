import { Injectable } from '@nestjs/common';
import {
  downloadList,
  fileCheckUse,
  fileComplete,
  fileCreate,
  fileDelete,
  fileDownload,
  fileGet,
  fileList,
  fileUpdate,
  type ParsedRequestOf,
  type ResponseOf,
} from '@vv/contracts';
import { CommandHandler, requireActor, type CommandContext } from '@vv/platform';
import { UploadsService } from '../uploads/uploads.service';
import { FilesService } from './files.service';

/** NATS: a village's files. */
@Injectable()
export class FilesHandler {
  constructor(
    private readonly files: FilesService,
    private readonly uploads: UploadsService,
  ) {}

  @CommandHandler(fileCreate)
  create(
    request: ParsedRequestOf<typeof fileCreate>,
    context: CommandContext,
  ): Promise<ResponseOf<typeof fileCreate>> {
    const { villageId, ...fields } = request;
    return this.uploads.create(requireActor(context), villageId, fields);
  }

  @CommandHandler(fileComplete)
  complete(
    request: ParsedRequestOf<typeof fileComplete>,
    context: CommandContext,
  ): Promise<ResponseOf<typeof fileComplete>> {
    return this.uploads.complete(requireActor(context), request.fileId, request.parts);
  }

  @CommandHandler(fileList)
  list(
    request: ParsedRequestOf<typeof fileList>,
    context: CommandContext,
  ): Promise<ResponseOf<typeof fileList>> {
    return this.files.list(requireActor(context), request);
  }

  @CommandHandler(fileGet)
  get(
    request: ParsedRequestOf<typeof fileGet>,
    context: CommandContext,
  ): Promise<ResponseOf<typeof fileGet>> {
    return this.files.get(requireActor(context), request.fileId);
  }

  @CommandHandler(fileDownload)
  download(
    request: ParsedRequestOf<typeof fileDownload>,
    context: CommandContext,
  ): Promise<ResponseOf<typeof fileDownload>> {
    return this.files.download(requireActor(context), request.fileId);
  }

  @CommandHandler(fileUpdate)
  update(
    request: ParsedRequestOf<typeof fileUpdate>,
    context: CommandContext,
  ): Promise<ResponseOf<typeof fileUpdate>> {
    return this.files.update(requireActor(context), request.fileId, request.patch);
  }

  @CommandHandler(fileDelete)
  async delete(
    request: ParsedRequestOf<typeof fileDelete>,
    context: CommandContext,
  ): Promise<ResponseOf<typeof fileDelete>> {
    await this.files.delete(requireActor(context), request.fileId);
    return {};
  }

  @CommandHandler(downloadList)
  downloads(
    request: ParsedRequestOf<typeof downloadList>,
    context: CommandContext,
  ): Promise<ResponseOf<typeof downloadList>> {
    return this.files.downloads(requireActor(context), request);
  }

  @CommandHandler(fileCheckUse)
  checkUse(
    request: ParsedRequestOf<typeof fileCheckUse>,
    context: CommandContext,
  ): Promise<ResponseOf<typeof fileCheckUse>> {
    return this.files.checkUse(requireActor(context), request);
  }
}
