import { Controller } from '@nestjs/common';
import { Ctx, Payload } from '@nestjs/microservices';
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
import { Command, requireActor, type CommandContext } from '@vv/platform';
import { UploadsService } from '../uploads/uploads.service';
import { FilesService } from './files.service';

/** NATS: a village's files. */
@Controller()
export class FilesHandler {
  constructor(
    private readonly files: FilesService,
    private readonly uploads: UploadsService,
  ) {}

  @Command(fileCreate)
  create(
    @Payload() request: ParsedRequestOf<typeof fileCreate>,
    @Ctx() context: CommandContext,
  ): Promise<ResponseOf<typeof fileCreate>> {
    const { villageId, ...fields } = request;
    return this.uploads.create(requireActor(context), villageId, fields);
  }

  @Command(fileComplete)
  complete(
    @Payload() request: ParsedRequestOf<typeof fileComplete>,
    @Ctx() context: CommandContext,
  ): Promise<ResponseOf<typeof fileComplete>> {
    return this.uploads.complete(requireActor(context), request.fileId, request.parts);
  }

  @Command(fileList)
  list(
    @Payload() request: ParsedRequestOf<typeof fileList>,
    @Ctx() context: CommandContext,
  ): Promise<ResponseOf<typeof fileList>> {
    return this.files.list(requireActor(context), request);
  }

  @Command(fileGet)
  get(
    @Payload() request: ParsedRequestOf<typeof fileGet>,
    @Ctx() context: CommandContext,
  ): Promise<ResponseOf<typeof fileGet>> {
    return this.files.get(requireActor(context), request.fileId);
  }

  @Command(fileDownload)
  download(
    @Payload() request: ParsedRequestOf<typeof fileDownload>,
    @Ctx() context: CommandContext,
  ): Promise<ResponseOf<typeof fileDownload>> {
    return this.files.download(requireActor(context), request.fileId);
  }

  @Command(fileUpdate)
  update(
    @Payload() request: ParsedRequestOf<typeof fileUpdate>,
    @Ctx() context: CommandContext,
  ): Promise<ResponseOf<typeof fileUpdate>> {
    return this.files.update(requireActor(context), request.fileId, request.patch);
  }

  @Command(fileDelete)
  async delete(
    @Payload() request: ParsedRequestOf<typeof fileDelete>,
    @Ctx() context: CommandContext,
  ): Promise<ResponseOf<typeof fileDelete>> {
    await this.files.delete(requireActor(context), request.fileId);
    return {};
  }

  @Command(downloadList)
  downloads(
    @Payload() request: ParsedRequestOf<typeof downloadList>,
    @Ctx() context: CommandContext,
  ): Promise<ResponseOf<typeof downloadList>> {
    return this.files.downloads(requireActor(context), request);
  }

  @Command(fileCheckUse)
  checkUse(
    @Payload() request: ParsedRequestOf<typeof fileCheckUse>,
    @Ctx() context: CommandContext,
  ): Promise<ResponseOf<typeof fileCheckUse>> {
    return this.files.checkUse(requireActor(context), request);
  }
}
